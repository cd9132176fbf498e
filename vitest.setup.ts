// Every project's tests run with one fixed fast-check seed, so a property test draws the same cases on every run and
// a CI failure can be reproduced; FC_SEED explores other cases locally (a counterexample prints its seed to pin).
import fc from 'fast-check'

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261130) })
