// Owner: the dependency-checker work.
export {};
