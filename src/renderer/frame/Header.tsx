import { PRODUCT_NAME } from '../../core/api/product.ts';
import { BrandMark } from '../components/BrandMark.tsx';
import { uiSelectors, useUiStore } from '../store/ui-store.ts';
import { ReplicaSwitcher } from './ReplicaSwitcher.tsx';

/** The window's banner: product, active replica, and the shortcuts help. */
export function Header() {
  const setShortcutsOpen = useUiStore(uiSelectors.setShortcutsOpen);
  return (
    <header className="app-header">
      <span className="brand">
        <BrandMark />
        {PRODUCT_NAME}
      </span>
      <ReplicaSwitcher />
      <span className="header-spacer" />
      <button type="button" className="button button-quiet" aria-keyshortcuts="?" onClick={() => setShortcutsOpen(true)}>
        Keyboard shortcuts
      </button>
    </header>
  );
}
