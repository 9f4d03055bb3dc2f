import { ApiProcess } from './api-process';

const SAMPLE_EVERY_MS = 2_000;

/** Resident memory of each process over time, read from /proc/<pid>/status (VmRSS). */
export interface RssSampler {
  stop(): RssSamples;
}

/** One row per sample; one column per process, in MB. */
export type RssSamples = number[][];

export interface RssFigures {
  startMb: number;
  afterWarmUpMb: number;
  endMb: number;
  middleMaxMb: number;
  lastMaxMb: number;
  middleMedianMb: number;
  lastMedianMb: number;
  /** How far the last third's median is above the middle third's, in MB (negative when lower). */
  growthMb: number;
}

export function sampleRss(apis: ApiProcess[]): RssSampler {
  const samples: RssSamples = [apis.map((api) => api.rssMb())];
  const timer = setInterval(() => samples.push(apis.map((api) => api.rssMb())), SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      samples.push(apis.map((api) => api.rssMb()));
      return samples;
    },
  };
}

/**
 * The run in thirds: the first is warm-up (JIT, V8 heap sizing, pools filling up); a leak shows
 * as the last third sitting higher than the middle third, since per-request state piles up with
 * the requests. Medians rather than peaks: RSS saws by up to ~100 MB with each major garbage
 * collection, and a single peak depends on where a sample happened to fall in that saw.
 */
export function rssFigures(samples: RssSamples, column: number): RssFigures {
  const series = samples.map((row) => row[column]);
  const third = Math.floor(series.length / 3);
  const middle = series.slice(third, 2 * third);
  const last = series.slice(2 * third);
  const middleMedianMb = median(middle);
  const lastMedianMb = median(last);
  return {
    startMb: series[0],
    afterWarmUpMb: series[third],
    endMb: series[series.length - 1],
    middleMaxMb: Math.max(...middle),
    lastMaxMb: Math.max(...last),
    middleMedianMb,
    lastMedianMb,
    growthMb: lastMedianMb - middleMedianMb,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}
