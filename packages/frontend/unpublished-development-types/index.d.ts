// The plugin ships a stylesheet imported for its side effect (the host's Vite build bundles
// it); the publish build has no vite/client types, so declare CSS imports here.
declare module '*.css';
