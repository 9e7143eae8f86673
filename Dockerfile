# syntax=docker/dockerfile:1
# `spm serve` in a container: the scoring API and the dashboard for a model of a mounted store.
#
#   docker build -t spm-ml .
#   docker run -p 8080:8080 -v "$PWD/artifacts:/srv/spm/artifacts" \
#     -v "$PWD/spm_token:/run/secrets/spm_token:ro" spm-ml
#
# The store (artifacts/, written by `spm run` and `spm promote --as production`) is a volume;
# the image holds no model and no data. The bearer token comes from a mounted file (a compose
# or Kubernetes secret). See compose.yaml, and README "Container" for what was run where.

# Stage 1: build the bundle and pack it exactly as npm publishes it.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.types.json LICENSE README.md ./
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
RUN npm run build \
 && npm pack --ignore-scripts --pack-destination /tmp \
 && mv /tmp/spm-ml-*.tgz /tmp/spm-ml.tgz

# Stage 2: the packed package alone (no runtime dependencies: dist/ bundles them), run as `node`.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
COPY --from=build /tmp/spm-ml.tgz /tmp/spm-ml.tgz
RUN npm install --global --no-audit --no-fund /tmp/spm-ml.tgz \
 && rm /tmp/spm-ml.tgz \
 && npm cache clean --force \
 && mkdir -p /srv/spm/artifacts \
 && chown -R node:node /srv/spm
USER node
WORKDIR /srv/spm
VOLUME ["/srv/spm/artifacts"]
EXPOSE 8080
# The slim image has no curl: Node's fetch asks /healthz (200 while the process runs).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Beyond loopback spm requires a token: mount it at /run/secrets/spm_token. spm serves the
# model the alias `production` names and follows `spm promote` moving it (no restart).
CMD ["spm", "serve", "--host", "0.0.0.0", "--port", "8080", "--artifacts", "/srv/spm/artifacts", "--model", "production", "--token-file", "/run/secrets/spm_token"]
