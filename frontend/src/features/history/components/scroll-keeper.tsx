import { Component, createRef, type ReactNode } from 'react';

interface ScrollKeeperProps {
  /** Changes when the content changes (the list's array): each change keeps the view in place. */
  version: unknown;
  className?: string;
  children: ReactNode;
}

interface Anchor {
  id: string;
  top: number;
}

/**
 * Keeps what the user looks at in place when items are inserted above it: just before React
 * updates the DOM (getSnapshotBeforeUpdate, the API made for this) it notes the first
 * `[data-event-id]` in view and its position, and after the update scrolls the window by
 * however far that item moved. Browsers' own scroll anchoring is turned off for the list
 * (`overflow-anchor: none` in its CSS), so the two never act twice.
 */
export class ScrollKeeper extends Component<ScrollKeeperProps> {
  private readonly root = createRef<HTMLDivElement>();

  override getSnapshotBeforeUpdate(previous: ScrollKeeperProps): Anchor | null {
    if (previous.version === this.props.version || window.scrollY === 0) return null;
    for (const item of this.root.current?.querySelectorAll<HTMLElement>('[data-event-id]') ?? []) {
      const top = item.getBoundingClientRect().top;
      if (top >= 0) return { id: item.dataset.eventId ?? '', top };
    }
    return null;
  }

  override componentDidUpdate(_previous: ScrollKeeperProps, _state: unknown, anchor: Anchor | null): void {
    if (anchor === null) return;
    const item = this.root.current?.querySelector<HTMLElement>(`[data-event-id="${anchor.id}"]`);
    if (item === null || item === undefined) return;
    const moved = item.getBoundingClientRect().top - anchor.top;
    if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
  }

  override render(): ReactNode {
    return (
      <div ref={this.root} className={this.props.className}>
        {this.props.children}
      </div>
    );
  }
}
