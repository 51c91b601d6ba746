const HERMETIC = {
  // Keep a developer's ~/.aws files and profile out of the tests.
  AWS_CONFIG_FILE: '/nonexistent/firebreak-test/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/firebreak-test/credentials',
  AWS_PROFILE: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_ENDPOINT_URL_EC2: undefined,
  AWS_ENDPOINT_URL_IAM: undefined,
  AWS_ENDPOINT_URL_STS: undefined,
  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
};

/** Sets variables (undefined deletes) on top of a hermetic AWS environment; returns the function that restores it. */
export function useEnv(vars: Record<string, string | undefined> = {}): () => void {
  const wanted: Record<string, string | undefined> = { ...HERMETIC, ...vars };
  const saved = Object.fromEntries(Object.keys(wanted).map((name) => [name, process.env[name]]));
  apply(wanted);
  return () => apply(saved);
}

function apply(vars: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
