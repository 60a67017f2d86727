import { z } from 'zod';

// The renderer's CSP forbids eval (script-src 'self', no 'unsafe-eval'). zod v4 compiles fast
// parsers with `new Function` unless told not to, and even its feature probe is reported as a CSP
// violation; jitless mode uses the interpreter only. Imported first by main.tsx, before any parse.
z.config({ jitless: true });
