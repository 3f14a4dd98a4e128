/**
 * `node dist/demo/run-simulators.js`: the sixteen legacy system simulators with demo
 * credentials on fixed ports — CASELINK_SIM_HOST (default 0.0.0.0), CASELINK_SIM_BASE_PORT
 * (default 18100; instance i on base + i, districts 440105, 440111, 440112, 440115 × psb,
 * procuratorate, court, justice). With CASELINK_HUB_URL set it also plays demo traffic against
 * that hub. Used by compose.yaml's demo profile; `npm start` starts its own.
 */
import { startDemoTraffic } from './demo-traffic';
import { startSimulatorFleet } from './simulator-fleet';

async function main(): Promise<void> {
  const host = process.env.CASELINK_SIM_HOST || '0.0.0.0';
  const basePort = Number(process.env.CASELINK_SIM_BASE_PORT) || 18100;
  const fleet = await startSimulatorFleet({ host, basePort });
  for (const { kind, division, simulator } of fleet.list()) console.log(`[simulators] ${kind} ${division}: port ${simulator.port}`);
  const hub = process.env.CASELINK_HUB_URL;
  let demo: { stop(): void } | undefined;
  if (hub && process.env.CASELINK_DEMO !== '0' && process.env.CASELINK_DEMO_TRAFFIC !== '0') {
    // Give the hub time to start and subscribe before the first case.
    setTimeout(
      () => {
        demo = startDemoTraffic({
          fleet,
          baseUrl: hub.replace(/\/+$/, ''),
          log: (line) => console.log(`[simulators] ${line}`),
          intervalMs: Number(process.env.CASELINK_DEMO_INTERVAL_MS) || 60_000,
        });
      },
      Number(process.env.CASELINK_DEMO_DELAY_MS) || 15_000,
    ).unref();
  }
  const stop = () => {
    demo?.stop();
    void fleet.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
