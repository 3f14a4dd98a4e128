export {
  Tracker,
  type Alert,
  type CalendarUpdate,
  type ConfirmedDeadline,
  type MovedDeadline,
  type MetricsOptions,
  type Observation,
  type ObserveOptions,
  type TrackerEvents,
  type TrackerOptions,
} from './tracker';
export { Supervision, parseSupervisionOrderId, supervisionOrderId, type SupervisionAction, type SupervisionOrder, type SupervisionStatus } from './supervision';
export { TrackingKeys } from './keys';
export { normalizeCaseNumber } from './case-numbers';
export { DEFAULT_RESPONSIBLE_AGENCIES, thresholdsOf, type ClockEvent } from './clocks';
export type { CaseMilestones, CaseRecord, RunningClock } from './case-record';
export type { AlertLevel, Anomaly, CaseTimeline, ClockEntry, WarningEntry, DeadlineAnomaly, NumberConflictAnomaly, TimelineEntry } from './timeline';
export { computeFigures, onTime, overdueDays, quantile, type FigureQuery, type Figures, type StepDimension, type StepFigures } from './figures/compute';
export type { CaseOutcomeRecord, EventRecord, LatencyRecord, StepRecord } from './figures/records';
export { periodOf, type Period } from './periods';
export { ContentionError, InvalidMessageError, SupervisionError, TrackingError, TrackingInputError } from './errors';
export type { RedisClient } from './redis';
