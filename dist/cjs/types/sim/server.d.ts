import { type Fault } from './faults.js';
import { type SimulatorOptions } from './options.js';
import { type SimStats } from './stats.js';
/** A running simulator. */
export interface Simulator {
    /** Base URL, e.g. `http://127.0.0.1:8787` (no trailing slash). */
    url: string;
    port: number;
    /** Closes every connection, clears every timer, abandons webhooks; idempotent. */
    stop(): Promise<void>;
    stats(): SimStats;
    /**
     * Client connections still open. A client killed mid-request may have left requests the
     * simulator has yet to read and count: a test waits for 0 before it counts what follows.
     */
    openConnections(): Promise<number>;
    /** Replaces the faults in force (validated; throws on an invalid fault). */
    setFaults(faults: Fault[]): void;
    clearFaults(): void;
    /** Sets a key's balance; an unknown key is added with default settings. */
    setBalance(key: string, credits: number): void;
}
/**
 * Starts a local AIVideoMaker API v1 service (all seven endpoints, balances, limits,
 * task lifecycle, result files, webhooks, faults) and resolves once it listens.
 * Throws on invalid options, or when the port cannot be bound.
 */
export declare function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
