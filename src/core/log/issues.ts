/** Zod issues reduced to at most 8 `path: message` strings, for error details and logs (bounded). */
export function summariseIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.slice(0, 8).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}
