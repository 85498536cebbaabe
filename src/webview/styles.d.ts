// esbuild bundles the stylesheet the entry imports into dist/webview.css; TypeScript only needs to know the import exists.
declare module '*.css';
