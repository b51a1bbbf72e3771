import type { ModelName } from './models.js';
import { type ResolvedKey } from './options.js';
import { RateWindow } from './rate-window.js';
export interface Account {
    readonly key: string;
    /** What stats and logs show instead of the key. */
    readonly fingerprint: string;
    balance: number;
    readonly supportedModels: readonly ModelName[];
    readonly generationRequestsPerMinute: number;
    readonly dailyCreditLimit: number;
    readonly creditWarningAt: number;
    /** Undefined when creations are unlimited (-1). */
    readonly creations: RateWindow | undefined;
}
/** The API keys and their balances. */
export declare class AccountBook {
    private readonly minuteMs;
    private readonly accounts;
    /** @param minuteMs real milliseconds in one simulated minute (creation limits use it) */
    constructor(keys: ResolvedKey[], minuteMs: number);
    /** The account for the `key` header, or undefined when missing or unknown. */
    authenticate(header: string | string[] | undefined): Account | undefined;
    /** Sets a key's balance, adding the key with default settings when it is new. */
    setBalance(key: string, credits: number): void;
    balances(): Record<string, number>;
    private add;
}
