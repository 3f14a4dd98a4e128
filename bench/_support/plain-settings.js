'use strict';
// Node-RED settings of the benchmark's peer: plain Node-RED as an integrator runs it, without
// CaseLink's hardening (which serves only CaseLink's ingress paths on the node port).
module.exports = {
  uiHost: '127.0.0.1',
  httpNodeRoot: '/',
  flowFile: 'flows.json',
  telemetry: { enabled: false, updateNotification: false },
  editorTheme: { projects: { enabled: false }, tours: false },
  logging: { console: { level: 'info', metrics: false, audit: false } },
};
