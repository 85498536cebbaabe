// Node-runtime pieces shared by the CLI and the extension: scanning logs on worker threads.

export { enableLinearRegexFallback } from './regex-fallback';
export {
  scanLogs,
  type FileFinding,
  type FileNotice,
  type FileProblem,
  type ScanHandlers,
  type ScanProgress,
  type ScanRequest,
  type ScanResult,
  type ScanSource,
} from './scan-logs';
