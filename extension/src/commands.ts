/**
 * Command ids, in one place: the manifest (package.json `contributes.commands`) lists the same ids, and a unit
 * test checks that every id here is contributed with a title and the category "plugbench".
 *
 * @module
 */
export const Commands = {
  runFixture: 'plugbench.runFixture',
  stepFixture: 'plugbench.stepFixture',
  testFixture: 'plugbench.testFixture',
  debugFixture: 'plugbench.debugFixture',
  step: 'plugbench.step',
  stepBack: 'plugbench.stepBack',
  runToEnd: 'plugbench.runToEnd',
  runToNextEvent: 'plugbench.runToNextEvent',
  runToNextPhase: 'plugbench.runToNextPhase',
  reset: 'plugbench.reset',
  runAgainFromHere: 'plugbench.runAgainFromHere',
  stop: 'plugbench.stop',
  runAllTests: 'plugbench.runAllTests',
  rerunLast: 'plugbench.rerunLast',
  showHistory: 'plugbench.showHistory',
  openTimeline: 'plugbench.openTimeline',
  openGoldenTimeline: 'plugbench.openGoldenTimeline',
  compareWithGolden: 'plugbench.compareWithGolden',
  firstDifference: 'plugbench.firstDifference',
  nextDifference: 'plugbench.nextDifference',
  previousDifference: 'plugbench.previousDifference',
  showLog: 'plugbench.showLog',
  refresh: 'plugbench.refresh',
  manageTrust: 'plugbench.manageTrust',
  updateGolden: 'plugbench.updateGolden',
} as const;
/** A command id. */
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Context keys the manifest's `when` clauses use. */
export const ContextKeys = {
  /** A timeline session exists. */
  sessionActive: 'plugbench.sessionActive',
  /** The session is running rounds. */
  running: 'plugbench.running',
} as const;
