/** Previous / next over the API's cursors (first/after): previous pages are the cursors already seen. */
export function Pager(props: { page: number; hasNext: boolean; total: number; shown: number; pageSize: number; onPrevious(): void; onNext(): void }) {
  const from = props.shown ? props.page * props.pageSize + 1 : 0;
  const to = props.page * props.pageSize + props.shown;
  return (
    <nav className="pager" aria-label="Pages">
      <span aria-live="polite">
        {from}–{to} of {props.total}
      </span>
      <button type="button" onClick={props.onPrevious} disabled={props.page === 0}>
        Previous
      </button>
      <button type="button" onClick={props.onNext} disabled={!props.hasNext}>
        Next
      </button>
    </nav>
  );
}
