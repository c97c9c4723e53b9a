/**
 * Settings of features that are still being built are shown disabled and marked "coming" until the
 * feature lands; set its flag to true then, and the setting works as it is.
 */
export const featureReady = {
  /** Drift detection (repair, adopt, rebalance): the "Drift warnings" alert. */
  driftWarnings: true,
  /** Live PnL and its alerts: the PnL thresholds. */
  pnlAlerts: true,
} as const;
