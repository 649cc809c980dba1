export declare const SERVE_NODE_FLAGS: string[];
