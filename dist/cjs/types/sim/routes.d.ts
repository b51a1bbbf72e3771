import type { FaultRoute } from './faults.js';
/** The API's routes (each can carry faults), plus the inline-image files. */
export type RouteName = FaultRoute | 'input';
export type Routing = {
    kind: 'route';
    route: RouteName;
    params: Record<string, string>;
} | {
    kind: 'method-not-allowed';
    route: RouteName;
    allow: readonly string[];
} | {
    kind: 'not-found';
};
export declare function matchRoute(method: string, pathname: string): Routing;
