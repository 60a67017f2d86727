import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorPanel } from '../components/ErrorPanel.tsx';

interface ScreenBoundaryProps {
  /** The route: when it changes after a failure, the screen is tried again. */
  resetKey: string;
  children: ReactNode;
}

interface ScreenBoundaryState {
  failed: { code: string; message: string } | null;
}

/**
 * Keeps one screen's failure from blanking the window: a screen that throws while rendering is
 * replaced by an error that says what to do, while the header, navigation and jobs keep working.
 * Going to another route tries again (`resetKey`); the frame keys it by screen, so a route change
 * within a screen (Log entry 1 → 2) keeps that screen's state.
 */
export class ScreenBoundary extends Component<ScreenBoundaryProps, ScreenBoundaryState> {
  override state: ScreenBoundaryState = { failed: null };

  static getDerivedStateFromError(error: unknown): ScreenBoundaryState {
    return { failed: { code: 'API_INTERNAL', message: error instanceof Error ? error.message : String(error) } };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For whoever reads the console (developer tools, Electron logs); the person sees the panel.
    console.error('A screen failed to render', error, info.componentStack);
  }

  override componentDidUpdate(previous: ScreenBoundaryProps): void {
    if (previous.resetKey !== this.props.resetKey && this.state.failed !== null) this.setState({ failed: null });
  }

  override render(): ReactNode {
    if (this.state.failed === null) return this.props.children;
    return (
      <div className="screen">
        <h1 tabIndex={-1}>This screen could not be shown</h1>
        <ErrorPanel error={this.state.failed} onRetry={() => this.setState({ failed: null })} />
      </div>
    );
  }
}
