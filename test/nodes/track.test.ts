import { describe, expect, it } from 'vitest';
import { demoCase } from '../../demo/demo-case';
import { collect, waitFor } from '../support/node-red';
import { trackFlowForFile } from '../support/track-flow';

const { helper, load: loadFlow } = trackFlowForFile();
const load = (prefix: string, scanIntervalMs = '1000') => loadFlow(prefix, scanIntervalMs);

describe('caselink-track', () => {
  it('scans by default when ${CASELINK_DEADLINE_SCAN_MS} is unset, and says so when its interval cannot be read', async () => {
    await load('track-unset', '${CASELINK_DEADLINE_SCAN_MS}');
    const unset = helper.getNode('track');
    await waitFor(() => unset.status.lastCall?.args[0]?.shape === 'dot');
    expect(unset.warn.called).toBe(false);
    await helper.unload();
    await load('track-bad', 'soon');
    const bad = helper.getNode('track');
    expect(String(bad.warn.firstCall?.args[0])).toMatch(/scanIntervalMs "soon"|caselink-track.log.bad-setting/);
    await waitFor(() => /bad-setting|unreadable|无法读取/.test(String(bad.status.lastCall?.args[0]?.text)));
    expect(bad.status.lastCall!.args[0]).toMatchObject({ fill: 'yellow', shape: 'ring' });
  });

  it('gives a case one platform id across its documents and systems', async () => {
    await load('track1');
    const messages = collect(helper.getNode('messages'));
    const steps = demoCase('440115', 1, { idPrefix: 'TRACK' });
    const track = helper.getNode('track');
    track.receive({ payload: steps[0]!.message });
    await waitFor(() => messages.length === 1);
    const caseUid = messages[0].payload.caseUid;
    expect(caseUid).toMatch(/^GZ-440115-\d{4}-\d{6}$/);
    expect(messages[0].tracking).toMatchObject({ caseUid, created: true, duplicate: false });
    track.receive({ payload: { ...steps[1]!.message, caseUid } });
    track.receive({ payload: steps[0]!.message });
    await waitFor(() => messages.length === 3);
    expect(messages.map((m) => m.payload.caseUid)).toEqual([caseUid, caseUid, caseUid]);
    const again = messages.filter((m) => m.payload.messageId === steps[0]!.message.messageId);
    expect(again.map((m) => m.tracking.duplicate)).toEqual([false, true]);
  });

  it('records acknowledgements from delivery outcomes without passing them on', async () => {
    await load('track2');
    const messages = collect(helper.getNode('messages'));
    const caught = collect(helper.getNode('caught'));
    const [step] = demoCase('440105', 2, { idPrefix: 'TRACK' });
    const track = helper.getNode('track');
    track.receive({ payload: step!.message });
    await waitFor(() => messages.length === 1);
    track.receive({ payload: step!.message, outcome: { kind: 'accepted' }, delivery: { messageId: step!.message.messageId, attempt: 1 } });
    await new Promise((r) => setTimeout(r, 200));
    expect(messages).toHaveLength(1);
    expect(caught).toEqual([]);
  });

  it('refuses an invalid message through done(err), which Catch nodes see', async () => {
    await load('track3');
    const caught = collect(helper.getNode('caught'));
    helper.getNode('track').receive({ payload: { messageType: 'NOPE' } });
    await waitFor(() => caught.length === 1);
    expect(caught[0].error.message).toMatch(/messageType/);
  });
});
