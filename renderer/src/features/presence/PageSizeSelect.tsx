/* @jsxRuntime automatic */
import { PAGE_SIZES, useConsole } from '../../store/index.js';

export function PageSizeSelect() {
  const pageSize = useConsole((state) => state.presencePageSize);
  const setPageSize = useConsole((state) => state.setPresencePageSize);
  return (
    <label className="page-size">
      Rows per page{' '}
      <select data-testid="presence-page-size" value={pageSize} onChange={(event) => void setPageSize(Number(event.target.value))}>
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </label>
  );
}
