// The public API of @routewright/telephony: the SIP bridge, call control (K4) and the stack tests and the demo start.
export {
  type Bridge,
  type BridgeFigures,
  type BridgeHealth,
  type BridgeOptions,
  createBridge,
} from './bridge.ts'
export { BRIDGE_ID, type BridgeLink, type BridgeLinkOptions, startBridgeLink } from './bridge-link.ts'
export { type BridgeServer, type HttpHandler, startBridgeServer } from './bridge-server.ts'
export type { TransfersFailed } from './call-commands.ts'
export type {
  AgentNotice,
  AgentStateChange,
  CallControl,
  CallView,
  WrapUpConfig,
  WrapUpView,
} from './call-control.ts'
export {
  createDesktopApi,
  DESKTOP_COOKIE,
  type DesktopApiOptions,
  type DesktopCounts,
  type DesktopHandler,
} from './desktop-api.ts'
export type { SignedOut } from './desktop-logout.ts'
export type { DesktopSessionHeader, SessionEnd } from './desktop-sessions.ts'
export { type DesktopStaticOptions, serveDesktopStatic } from './desktop-static.ts'
export type { TargetSearch, TransferTarget } from './desktop-targets.ts'
export {
  connectEvapi,
  createNetstringReader,
  type EvapiClient,
  EvapiDownError,
  type EvapiLinkState,
  type EvapiOptions,
  type EvapiSocket,
  type EvapiStatus,
  type EvapiTimers,
  evapiBackoff,
  netstring,
} from './evapi-client.ts'
export { KAMAILIO_CONFIG, type KamailioSettings, renderKamailioConfig, startKamailio } from './kamailio.ts'
export {
  type KamailioAnswer,
  type KamailioCallEnd,
  type KamailioCallState,
  parseCallEnd,
  parseCallState,
} from './kamailio-call-state.ts'
export { KAMAILIO_CONFIG_VERSION } from './kamailio-config-version.ts'
export {
  createKamailioRpc,
  heldCallKey,
  KAMAILIO_ANSWER_MAX_BYTES,
  type KamailioRpc,
} from './kamailio-rpc.ts'
export { type PhoneLog, type ReceivedInvite, readPhoneLog } from './phone-log.ts'
export { type Child, freePort, startChild, waitFor } from './processes.ts'
export type { ReconcileHealth, ReconcileStatus } from './reconcile.ts'
export { type BridgeCallState, planRecovery, type Recovery } from './reconcile-plan.ts'
export {
  createRouterClient,
  FOLLOW_RETRY_MS,
  type RouterClient,
  type RouterClientOptions,
  type RouterEventData,
  SERVE_ANSWER_MAX_BYTES,
  SERVE_EVENT_MAX_BYTES,
} from './router-client.ts'
export { followServe } from './serve-limits.ts'
export {
  attachedStrings,
  byeHeaders,
  headerName,
  headerValue,
  referHeaders,
  xHeaders,
} from './sip-messages.ts'
export {
  type CallerCall,
  callerInjection,
  type Phone,
  registerPhones,
  startCallers,
  startPhone,
} from './sipp.ts'
export {
  type AddedBridge,
  type HttpContext,
  type StackAgent,
  type StackOptions,
  startTelephonyStack,
  TELEPHONY_WORKSPACE,
  type TelephonyStack,
} from './stack.ts'
export type { Timers } from './timers.ts'
export type { KeptWrapUp, WrapUpStore } from './wrap-ups.ts'
