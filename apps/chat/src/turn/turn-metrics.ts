import { Histogram } from 'prom-client';

import { sharedMetric } from '@tandem/config';

const buckets = [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 90];

/** What a user feels of a turn, timed from when their message was stored (so waiting for a slot counts). */
export const turnMetrics = {
  seconds: sharedMetric(
    'tandem_coach_turn_duration_seconds',
    (name) =>
      new Histogram({
        name,
        help: "From the user's message stored to the coach's reply committed (or the turn failed), by outcome.",
        labelNames: ['outcome'] as const,
        buckets,
      }),
  ),
  firstTokenSeconds: sharedMetric(
    'tandem_coach_turn_first_token_seconds',
    (name) =>
      new Histogram({
        name,
        help: "From the user's message stored to the first piece of the reply sent to them.",
        buckets,
      }),
  ),
};

export const secondsSince = (from: Date): number => (Date.now() - from.getTime()) / 1000;
