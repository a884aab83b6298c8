// Breakpoints of the timeline: the one schema the webview, the session and the runner parse them with, the stop
// condition they make, and which one a call hit.
import assert from 'node:assert/strict';
import { BreakpointSchema, breakpointHit, breakpointStop, type Breakpoint } from '@plugbench/sdk/timeline';

describe('timeline breakpoints', () => {
  it('parse a phase or a task breakpoint, nothing else', () => {
    assert.equal(BreakpointSchema.safeParse({ kind: 'phase', phase: 'Success' }).success, true);
    assert.equal(BreakpointSchema.safeParse({ kind: 'task', task: 'a' }).success, true);
    for (const bad of [
      { kind: 'phase', phase: 'Sucess' },
      { kind: 'task', task: 'a', extra: 1 },
      { kind: 'task', task: 'x'.repeat(1001) },
      { kind: 'line', line: 1 },
    ]) {
      assert.equal(BreakpointSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('stop at calls in their phases or of their tasks', () => {
    const bps: Breakpoint[] = [
      { kind: 'phase', phase: 'Success' },
      { kind: 'task', task: 'a' },
      { kind: 'phase', phase: 'Running' },
    ];
    assert.deepEqual(breakpointStop(bps), { phases: ['Success', 'Running'], tasks: ['a'] });
    assert.deepEqual(breakpointStop([]), { phases: [], tasks: [] });
  });

  it('name the one a call hit: its task before its phase', () => {
    const bps: Breakpoint[] = [
      { kind: 'phase', phase: 'Success' },
      { kind: 'task', task: 'a' },
    ];
    assert.deepEqual(breakpointHit(bps, { task: 'a', pluginPhase: { phase: 'Success' } }), { kind: 'task', task: 'a' });
    assert.deepEqual(breakpointHit(bps, { task: 'b', pluginPhase: { phase: 'Success' } }), {
      kind: 'phase',
      phase: 'Success',
    });
    assert.equal(breakpointHit(bps, { task: 'b', pluginPhase: { phase: 'Running' } }), undefined);
  });
});
