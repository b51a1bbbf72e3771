export { startSimulator, type Simulator } from './server.js';
export { runSimulatorCli, type CliIo } from './cli.js';
export { DEFAULT_SIM_KEY, type DurationOverride, type KeyOptions, type ListIdField, type ListShape, type ResultUrlField, type RetryAfterFormat, type SimulatorOptions } from './options.js';
export { FAULT_KINDS, FAULT_ROUTES, type Fault, type FaultKind, type FaultRoute } from './faults.js';
export { FAIL_MARKER } from './generation-endpoints.js';
export { UNKNOWN_STATUS } from './task-endpoints.js';
export type { SimStats, TaskStats } from './stats.js';
export type { SimClock } from './sim-clock.js';
export { MODEL_NAMES, type ModelName } from './models.js';
