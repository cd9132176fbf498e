// The Element Timing name of node titles: the browser records when the first node is painted (the large-strategy
// benchmark reads it; performance tooling can too).
export const NODE_PAINT_TIMING = 'rw-node-title'
