import { create } from 'zustand';
import type { AgentDetail, TrustHistory } from '../../core/api/schemas/agents.ts';
import { call, toShownError, type ApiCall, type ShownError } from '../api.ts';

/**
 * The Agent detail screen's store: one agent (agents.get) and its trust history
 * (agents.trustHistory), loaded in parallel and failing independently (the detail is useful without
 * the chart). Answers for an agent no longer shown are ignored. Actions never reject.
 */
type Status = 'idle' | 'loading' | 'ready' | 'failed';

export interface AgentDetailState {
  key: string | null;
  detail: AgentDetail | null;
  detailStatus: Status;
  detailError: ShownError | null;
  history: TrustHistory | null;
  historyStatus: Status;
  historyError: ShownError | null;
  open: (originId: number, agentId: string) => void;
  reloadDetail: () => void;
  reloadHistory: () => void;
  reset: () => void;
}

/** The key of an agent view: replica and agent id. */
export function agentKey(originId: number, agentId: string): string {
  return `${originId}\u0000${agentId}`;
}

const initial = { key: null, detail: null, detailStatus: 'idle' as Status, detailError: null, history: null, historyStatus: 'idle' as Status, historyError: null };

export function createAgentDetailStore(api: ApiCall = call) {
  let current: { originId: number; agentId: string } | null = null;
  return create<AgentDetailState>()((set, get) => {
    const loadDetail = async (originId: number, agentId: string, key: string) => {
      set({ detailStatus: 'loading', detailError: null });
      try {
        const detail = await api('agents.get', { originId, agentId });
        if (get().key === key) set({ detail, detailStatus: 'ready' });
      } catch (error) {
        if (get().key === key) set({ detailStatus: 'failed', detailError: toShownError(error) });
      }
    };
    const loadHistory = async (originId: number, agentId: string, key: string) => {
      set({ historyStatus: 'loading', historyError: null });
      try {
        const history = await api('agents.trustHistory', { originId, agentId });
        if (get().key === key) set({ history, historyStatus: 'ready' });
      } catch (error) {
        if (get().key === key) set({ historyStatus: 'failed', historyError: toShownError(error) });
      }
    };
    return {
      ...initial,
      open: (originId, agentId) => {
        const key = agentKey(originId, agentId);
        if (get().key === key && (get().detailStatus === 'loading' || get().historyStatus === 'loading')) return;
        current = { originId, agentId };
        // The same agent again keeps what it shows while reloading; another agent starts blank.
        if (get().key !== key) set({ ...initial, key });
        void loadDetail(originId, agentId, key);
        void loadHistory(originId, agentId, key);
      },
      reloadDetail: () => {
        const { key } = get();
        if (current !== null && key !== null) void loadDetail(current.originId, current.agentId, key);
      },
      reloadHistory: () => {
        const { key } = get();
        if (current !== null && key !== null) void loadHistory(current.originId, current.agentId, key);
      },
      reset: () => {
        current = null;
        set(initial);
      },
    };
  });
}

export const useAgentDetailStore = createAgentDetailStore();

/** Named selectors for useAgentDetailStore. */
export const agentDetailSelectors = {
  detail: (s: AgentDetailState) => s.detail,
  detailStatus: (s: AgentDetailState) => s.detailStatus,
  detailError: (s: AgentDetailState) => s.detailError,
  history: (s: AgentDetailState) => s.history,
  historyStatus: (s: AgentDetailState) => s.historyStatus,
  historyError: (s: AgentDetailState) => s.historyError,
  open: (s: AgentDetailState) => s.open,
  reloadDetail: (s: AgentDetailState) => s.reloadDetail,
  reloadHistory: (s: AgentDetailState) => s.reloadHistory,
};
