/**
 * The rule registry: the one list of rules. Presets, `wfo rules`, docs checks and the ESLint plugin
 * are all derived from it and from each rule's metadata.
 */
import type { Rule } from '../src/lint/rule.js';
import activityTimeoutRequired from './activity-timeout-required.js';
import sagaCompensationOrder from './saga-compensation-order.js';
import unboundedHistory from './unbounded-history.js';
import conditionTimeout from './condition-timeout.js';
import cancellationSwallowed from './cancellation-swallowed.js';
import cleanupInCancelledScope from './cleanup-in-cancelled-scope.js';
import continueAsNewInUpdateHandler from './continue-as-new-in-update-handler.js';
import nonIdempotentWrite from './non-idempotent-write.js';
import unstableIdempotencyKey from './unstable-idempotency-key.js';
import activityHeartbeat from './activity-heartbeat.js';
import retriedWriteWithoutLimit from './retried-write-without-limit.js';
import heartbeatTimeoutWithoutHeartbeat from './heartbeat-timeout-without-heartbeat.js';
import noActivityValueImport from './no-activity-value-import.js';
import noDynamicModuleLoading from './no-dynamic-module-loading.js';
import noHostGlobals from './no-host-globals.js';
import noIoPackages from './no-io-packages.js';
import noLocalTime from './no-local-time.js';
import noNodeBuiltins from './no-node-builtins.js';
import noNonWorkflowTemporalPackages from './no-non-workflow-temporal-packages.js';
import noReplayDependentLogic from './no-replay-dependent-logic.js';
import floatingWorkflowPromise from './floating-workflow-promise.js';
import handlersRegisteredAfterAwait from './handlers-registered-after-await.js';
import noWeakRefs from './no-weak-refs.js';
import noFrozenBuiltinWrites from './no-frozen-builtin-writes.js';
import noTemporalNow from './no-temporal-now.js';
import noTsconfigPaths from './no-tsconfig-paths.js';
import noWorkflowApisInActivities from './no-workflow-apis-in-activities.js';
import patchIdHygiene from './patch-id-hygiene.js';
import raceAsTimeoutLeavesActivityRunning from './race-as-timeout-leaves-activity-running.js';
import plainErrorInWorkflow from './plain-error-in-workflow.js';
import readOnlyHandlers from './read-only-handlers.js';
import unboundedFanOut from './unbounded-fan-out.js';
import validationErrorRetriedForever from './validation-error-retried-forever.js';
import valuesTheJsonConverterChanges from './values-the-json-converter-changes.js';
import unfinishedAsyncHandlers from './unfinished-async-handlers.js';
import replayBreakingChange from './replay-breaking-change.js';

export const RULES: readonly Rule[] = [
  noNodeBuiltins,
  noNonWorkflowTemporalPackages,
  noHostGlobals,
  noWeakRefs,
  noActivityValueImport,
  noIoPackages,
  noLocalTime,
  noReplayDependentLogic,
  noDynamicModuleLoading,
  noTsconfigPaths,
  noTemporalNow,
  noFrozenBuiltinWrites,
  noWorkflowApisInActivities,
  activityTimeoutRequired,
  sagaCompensationOrder,
  unboundedHistory,
  conditionTimeout,
  cancellationSwallowed,
  cleanupInCancelledScope,
  continueAsNewInUpdateHandler,
  nonIdempotentWrite,
  unstableIdempotencyKey,
  activityHeartbeat,
  retriedWriteWithoutLimit,
  heartbeatTimeoutWithoutHeartbeat,
  readOnlyHandlers,
  unfinishedAsyncHandlers,
  floatingWorkflowPromise,
  plainErrorInWorkflow,
  unboundedFanOut,
  patchIdHygiene,
  raceAsTimeoutLeavesActivityRunning,
  handlersRegisteredAfterAwait,
  validationErrorRetriedForever,
  valuesTheJsonConverterChanges,
  replayBreakingChange,
];
