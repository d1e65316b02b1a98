/** Where every "now" comes from, so tests and the scheduler can move time. */
export type Clock = () => Date;
