export declare function build(options?: { quiet?: boolean }): void;
