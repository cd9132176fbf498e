import { createLocalCoordinator } from '@routewright/server'
import { coordinatorContract } from './coordinator-contract.ts'

coordinatorContract('one process', async ({ reservationTimeoutMs, clock }) =>
  createLocalCoordinator({
    ...(reservationTimeoutMs === undefined ? {} : { limits: { reservationTimeoutMs } }),
    ...(clock ? { clock } : {}),
  }),
)
