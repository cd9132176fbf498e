// The simulation's web worker: runs a job off the main thread, posting progress; the panel cancels by terminating it.
import { runJob, type SimJob, type SimMessage } from './sim-job.ts'

const post = (message: SimMessage) => self.postMessage(message)

self.onmessage = (event: MessageEvent<SimJob>) => {
  let last = 0
  try {
    const runs = runJob(event.data, (fraction) => {
      // about 100 reports per version are plenty; skip the ones the bar would not show
      if (fraction - last >= 0.005 || fraction === 1) {
        last = fraction
        post({ type: 'progress', fraction })
      }
    })
    post({ type: 'done', runs })
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  }
}
