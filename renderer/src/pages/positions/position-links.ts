/** The detail page of one position. */
export const positionHref = (id: number) => `#/positions/${id}`;
