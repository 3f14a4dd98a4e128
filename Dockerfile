# CaseLink on the official Node-RED 5 image.
#   docker build -t caselink .
#   docker compose up            (Redis + CaseLink; see compose.yaml and docs/deployment.md)
#
# Every step runs as the user that owns the files it touches: `node` in the build stage, `node-red`
# (the image's own user) in the runtime stage. Nothing runs as root.
#
# Stage 1 builds the package (TypeScript → dist/) and packs it the way npm would publish it.
FROM node:22-bookworm-slim AS build
USER node
WORKDIR /home/node/src
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY --chown=node:node . .
RUN node scripts/build.js \
 && npm pack --ignore-scripts --pack-destination /home/node \
 && mv /home/node/caselink-node-red-caselink-*.tgz /home/node/caselink.tgz

# Stage 2: Node-RED 5 with the package installed like any palette module, the shipped settings
# (everything site-specific comes from the environment) and the hub flow. The tarball lands in the
# node-red user's own directory, so that user can remove it after installing (test/nodes/image-install.test.ts
# runs these steps as a non-root user outside Docker).
ARG NODE_RED_VERSION=5.0.7
FROM nodered/node-red:${NODE_RED_VERSION}
USER node-red
WORKDIR /usr/src/node-red
COPY --from=build --chown=node-red:node-red /home/node/caselink.tgz ./caselink.tgz
RUN npm install --omit=dev --no-audit --no-fund --no-update-notifier ./caselink.tgz && rm ./caselink.tgz
COPY --chown=node-red:node-red settings/settings.js /data/settings.js
COPY --chown=node-red:node-red flows/hub.json /data/flows.json
ENV CASELINK_HOST=0.0.0.0 \
    CASELINK_PRODUCTION=1 \
    CASELINK_LANG=zh-CN
EXPOSE 1880
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "/usr/src/node-red/node_modules/@caselink/node-red-caselink/bin/healthcheck.js"]
