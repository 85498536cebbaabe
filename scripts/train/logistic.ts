// L2-regularised logistic regression on sparse rows, fitted with L-BFGS. The objective is strictly
// convex, so the fit is the same whatever the order of the rows: training is deterministic.

/** One training row: its feature slots and values, its label, and how much it counts. */
export interface SparseRow {
  slots: Int32Array;
  values: Float32Array;
  label: 0 | 1;
  weight: number;
}

export interface FitOptions {
  dimensions: number;
  /** L2 strength λ in mean-loss + λ/2·|w|² (the bias is not regularised). */
  l2: number;
  maxIterations?: number;
  /** Stop when the objective falls by less than this share in one step. */
  tolerance?: number;
}

export interface FittedWeights {
  weights: Float64Array;
  bias: number;
  iterations: number;
  objective: number;
}

const HISTORY = 8;

/** Objective and gradient at `point` (the weights, then the bias in the last slot). */
function evaluate(rows: SparseRow[], point: Float64Array, gradient: Float64Array, l2: number, totalWeight: number): number {
  const dims = point.length - 1;
  const bias = point[dims] as number;
  gradient.fill(0);
  let loss = 0;
  for (const row of rows) {
    let z = bias;
    for (let k = 0; k < row.slots.length; k++) z += (point[row.slots[k] as number] as number) * (row.values[k] as number);
    // log(1 + e^-m) with m = ±z, written to stay finite for large |z|.
    const margin = row.label === 1 ? z : -z;
    loss += row.weight * (margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin)));
    const p = 1 / (1 + Math.exp(-z));
    const g = (row.weight * (p - row.label)) / totalWeight;
    for (let k = 0; k < row.slots.length; k++) {
      const slot = row.slots[k] as number;
      gradient[slot] = (gradient[slot] as number) + g * (row.values[k] as number);
    }
    gradient[dims] = (gradient[dims] as number) + g;
  }
  let norm = 0;
  for (let j = 0; j < dims; j++) {
    const w = point[j] as number;
    norm += w * w;
    gradient[j] = (gradient[j] as number) + l2 * w;
  }
  return loss / totalWeight + 0.5 * l2 * norm;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** L-BFGS two-loop recursion: the search direction from the gradient and the stored pairs. */
function direction(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas: number[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i] as Float64Array;
    const y = changes[i] as Float64Array;
    const alpha = dot(s, q) / dot(y, s);
    alphas[i] = alpha;
    for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) - alpha * (y[j] as number);
  }
  const last = steps.length - 1;
  const gamma = last >= 0 ? dot(steps[last] as Float64Array, changes[last] as Float64Array) / dot(changes[last] as Float64Array, changes[last] as Float64Array) : 1;
  for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) * gamma;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i] as Float64Array;
    const y = changes[i] as Float64Array;
    const beta = dot(y, q) / dot(y, s);
    for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) + (s[j] as number) * ((alphas[i] as number) - beta);
  }
  for (let j = 0; j < q.length; j++) q[j] = -(q[j] as number);
  return q;
}

/** Fits weights and bias to the rows. */
export function fitLogistic(rows: SparseRow[], options: FitOptions): FittedWeights {
  const size = options.dimensions + 1;
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  let point = new Float64Array(size);
  let gradient = new Float64Array(size);
  let objective = evaluate(rows, point, gradient, options.l2, totalWeight);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-7;
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    let dir = direction(gradient, steps, changes);
    let slope = dot(dir, gradient);
    if (slope >= 0) {
      dir = gradient.map((g) => -g);
      slope = dot(dir, gradient);
      steps.length = 0;
      changes.length = 0;
    }
    let step = iteration === 0 ? 1 / Math.sqrt(dot(gradient, gradient)) : 1;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextObjective = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < size; j++) next[j] = (point[j] as number) + step * (dir[j] as number);
      nextObjective = evaluate(rows, next, nextGradient, options.l2, totalWeight);
      if (nextObjective <= objective + 1e-4 * step * slope) break;
      step /= 2;
    }
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = (next[j] as number) - (point[j] as number);
      y[j] = (nextGradient[j] as number) - (gradient[j] as number);
    }
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > HISTORY) {
        steps.shift();
        changes.shift();
      }
    }
    const decrease = objective - nextObjective;
    point = next;
    gradient = nextGradient;
    objective = nextObjective;
    if (decrease >= 0 && decrease < tolerance * Math.max(1, Math.abs(objective))) break;
  }
  return { weights: point.subarray(0, options.dimensions), bias: point[options.dimensions] as number, iterations: iteration, objective };
}
