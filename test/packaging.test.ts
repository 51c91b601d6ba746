import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** No Docker engine runs on the build machines, so the packaging is checked as text: conventional and complete. */

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds with dev dependencies and runs with production dependencies only', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/AS build/);
    expect(stages[0]).toMatch(/RUN npm ci --ignore-scripts/);
    expect(stages[0]).toMatch(/RUN npm run build/);
    expect(stages[1]).toMatch(/RUN npm ci --omit=dev/);
    expect(stages[1]).toMatch(/COPY --from=build \/app\/dist/);
    expect(stages[1]).not.toMatch(/COPY (src|commands) \.\//);
  });

  it('runs as a non-root user, live by default, with a health check and the runbooks as a volume', () => {
    const runtime = stages[1]!;
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/ENV .*FIREBREAK_MODE=live/);
    expect(runtime).toMatch(/HEALTHCHECK [\s\S]*\/healthz/);
    expect(runtime).toMatch(/^VOLUME \/app\/runbooks$/m);
    expect(runtime).toMatch(/^VOLUME \/app\/evidence$/m);
    expect(runtime).toMatch(/mkdir -p runbooks\/incidents evidence && chown -R node:node runbooks evidence/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/src\/main\.js"\]$/m);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };

  it('runs the bot after Redis is healthy, with settings from .env and the runbooks volume', () => {
    const bot = compose.services.firebreak!;
    expect(bot.env_file).toBe('.env');
    expect(bot.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(bot.volumes).toContain('runbooks:/app/runbooks');
    expect(bot.volumes).toContain('evidence:/app/evidence');
    expect((bot.environment as Record<string, string>).REDIS_URL).toBe('redis://redis:6379');
  });

  it('runs Redis with appendonly, a data volume and a health check', () => {
    const redis = compose.services.redis!;
    expect(String(redis.command)).toContain('--appendonly yes');
    expect(redis.volumes).toContain('redis-data:/data');
    expect((redis.healthcheck as { test: string[] }).test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(Object.keys(compose.volumes)).toEqual(
      expect.arrayContaining(['runbooks', 'evidence', 'redis-data']),
    );
  });
});
