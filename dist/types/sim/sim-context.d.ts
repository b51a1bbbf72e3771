import type { IncomingMessage } from 'node:http';
import type { AccountBook } from './accounts.js';
import type { FaultRegistry } from './faults.js';
import type { IdempotencyLedger } from './idempotency.js';
import type { InputFileStore } from './input-files.js';
import type { ResolvedOptions } from './options.js';
import type { RateWindow } from './rate-window.js';
import type { Reply } from './reply.js';
import type { StatsRecorder } from './stats.js';
import type { HistoryShelf } from './task-history.js';
import type { TaskStore } from './task-store.js';
import type { ViewSettings } from './task-views.js';
import type { TimeScale } from './time-scale.js';
import type { TimerSet } from './timers.js';
/** The simulator's state, shared by every endpoint. */
export interface SimContext {
    options: ResolvedOptions;
    views: ViewSettings;
    accounts: AccountBook;
    tasks: TaskStore;
    /** History tasks listed without creations (`history`, `POST /__sim/history`). */
    history: HistoryShelf;
    ledger: IdempotencyLedger;
    faults: FaultRegistry;
    stats: StatsRecorder;
    inputs: InputFileStore;
    /** The per-IP task-query limit. */
    queryWindow: RateWindow;
    scale: TimeScale;
    timers: TimerSet;
    random: () => number;
    now: () => number;
}
/** One request as an endpoint sees it. */
export interface EndpointCall {
    request: IncomingMessage;
    params: Record<string, string>;
}
export type Endpoint = (context: SimContext, call: EndpointCall) => Promise<Reply> | Reply;
