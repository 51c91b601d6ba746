# syntax=docker/dockerfile:1

# Build stage: compile TypeScript (tsc -p tsconfig.build.json) into dist/ (dist/src/main.js, dist/commands/...).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are not needed to compile (package.json's allowScripts already refuses esbuild's).
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm run build

# Runtime stage: production dependencies and compiled JavaScript only. No tsx, no TypeScript sources.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
# live: a deployment missing a Slack secret stops with one line (exit 78) instead of drifting into drill mode, which
# `npm start` would start with nothing configured. Set FIREBREAK_MODE=drill explicitly to rehearse against the
# simulated AWS account with a real Slack app.
ENV NODE_ENV=production FIREBREAK_MODE=live PORT=3000 HOST=0.0.0.0
# git: REPORTS_GIT=true commits reports in the runbooks repository. openssl: drill mode signs its sample alarms with
# a throwaway certificate. ca-certificates: TLS to Slack and AWS.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates git openssl \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# Only for FIREBREAK_MODE=drill without Slack settings: the drill page (plain files, no build step) and the manifest
# whose message shortcuts the page offers. A live deployment never serves them.
COPY src/sandbox/page ./src/sandbox/page
COPY manifest.json ./
# Human-written runbooks; post-incident reports are written into runbooks/incidents and CloudTrail evidence into
# evidence/ (EVIDENCE_DIR), so the node user owns both.
COPY --chown=node:node runbooks ./runbooks
RUN mkdir -p runbooks/incidents evidence && chown -R node:node runbooks evidence
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
VOLUME /app/runbooks
VOLUME /app/evidence
CMD ["node", "dist/src/main.js"]
