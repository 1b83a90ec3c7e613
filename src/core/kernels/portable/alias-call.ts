/** Reshape and Flatten share their input's bytes (the planner aliases their buffers): no kernel, no code. */
export { ALIAS_PLAN } from '../c-call.ts'
