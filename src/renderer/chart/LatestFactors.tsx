import { TRUST_FACTOR_NAMES, TRUST_WEIGHTS } from '../../core/trust/score.ts';
import { FACTOR_LABELS, type TrustSeries } from './trust-series.ts';

/**
 * The latest recorded score broken down by factor: value, weight and contribution, so an auditor
 * can recompute it (DESIGN §3: score = round-half-up(Σ weight·factor / 100)).
 */
export function LatestFactors({ series }: { series: TrustSeries }) {
  const last = series.xs.length - 1;
  if (last < 0) return null;
  return (
    <table className="data-table factor-table">
      <caption>Latest score: {series.scores[last]}, by factor</caption>
      <thead>
        <tr>
          <th scope="col">Factor</th>
          <th scope="col" className="num">
            Value
          </th>
          <th scope="col" className="num">
            Weight
          </th>
          <th scope="col" className="num">
            Contribution
          </th>
        </tr>
      </thead>
      <tbody>
        {TRUST_FACTOR_NAMES.map((name) => {
          const value = series.factors[name][last] as number;
          return (
            <tr key={name}>
              <th scope="row">{FACTOR_LABELS[name].replace(/ \(\d+%\)$/, '')}</th>
              <td className="num">{value}</td>
              <td className="num">{TRUST_WEIGHTS[name]}%</td>
              <td className="num">{((value * TRUST_WEIGHTS[name]) / 100).toFixed(2)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
