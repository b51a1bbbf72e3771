/** Every model the simulator knows; a key's `supportedModels` defaults to all of them. */
export declare const MODEL_NAMES: readonly ["t2v", "i2v", "lv", "t2v_v3", "i2v_v3", "minimax", "seedance20", "wan27", "happyhorse"];
export type ModelName = (typeof MODEL_NAMES)[number];
/** A request body after JSON parsing: always a plain object by the time rules run. */
export type Payload = Record<string, unknown>;
export declare function isModelName(name: string): name is ModelName;
