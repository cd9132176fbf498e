// ELK runs in a web worker so laying out a large strategy never blocks the canvas.
import ELK, { type ELK as ElkApi } from 'elkjs/lib/elk-api.js'
import workerUrl from 'elkjs/lib/elk-worker.min.js?url'

let instance: ElkApi | undefined

export function getElk(): ElkApi {
  instance ??= new ELK({ workerFactory: () => new Worker(workerUrl) })
  return instance
}
