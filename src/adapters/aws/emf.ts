/**
 * One CloudWatch Embedded Metric Format line: CloudWatch Logs turns it into metrics, with no
 * PutMetricData call and no permission beyond writing the function's own log.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function emfLine(options: { namespace: string; dimensions: Record<string, string>; metrics: Record<string, number>; at?: Date }): string {
  return JSON.stringify({
    _aws: {
      Timestamp: (options.at ?? new Date()).getTime(),
      CloudWatchMetrics: [
        {
          Namespace: options.namespace,
          Dimensions: [Object.keys(options.dimensions)],
          Metrics: Object.keys(options.metrics).map((name) => ({ Name: name, Unit: 'Count' })),
        },
      ],
    },
    ...options.dimensions,
    ...options.metrics,
  });
}
