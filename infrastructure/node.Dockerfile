# A chat node image (build context: the repository root).
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=optional --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json ./
COPY node-runtime ./node-runtime
EXPOSE 9000 9100
STOPSIGNAL SIGTERM
CMD ["npx", "tsx", "node-runtime/cli/nodeMain.ts"]
