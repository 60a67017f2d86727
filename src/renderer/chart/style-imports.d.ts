// Style sheets imported for their side effect (Vite bundles them; the CSP allows only same-origin
// style sheets). TypeScript checks side-effect imports, so it must know that `*.css` resolves.
declare module '*.css';
