export declare const inputDirs: string[];
export declare const inputFiles: string[];
export declare const outputs: string[];
export declare function sourceHash(root: string): string;
export declare function staleReason(root: string): string | null;
export declare function writeStamp(root: string, sources: string): void;
