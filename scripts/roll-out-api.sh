#!/usr/bin/env bash
# Rolls the API's `live` alias out to the version an apply just published, through CodeDeploy:
# 10 % of requests for five minutes, then all, rolled back by CodeDeploy itself if one of the
# API's alarms fires (stacks/rollout.ts; docs/deploy.md, "Rollouts"). Waits for the end and
# exits non-zero unless the new version serves everything.
#
# Safe to run again, whenever: a deployment already in flight in the group (an earlier run
# cancelled while waiting, a re-run) is waited for first, since CodeDeploy refuses a second one;
# an alias already on the target version means there is nothing to do.
#
# Usage (apply.yml runs it with the stack's outputs):
#   scripts/roll-out-api.sh --function catalog-dev-api --alias live --version 42 \
#     --application catalog-dev-api --group catalog-dev-api [--config CodeDeployDefault.LambdaAllAtOnce]
# `--config` overrides the group's canary for this one deployment (a migration that changes item
# shapes: docs/deploy.md, "Data migrations and the canary").
# Needs: the AWS CLI, credentials allowed lambda:GetAlias and the codedeploy calls of
# ROLLOUT_ACTIONS (stacks/deployer.ts).
set -euo pipefail

fn='' alias='' target='' app='' group='' config=''
while [ $# -gt 0 ]; do
  case "$1" in
    --function) fn="$2" ;;
    --alias) alias="$2" ;;
    --version) target="$2" ;;
    --application) app="$2" ;;
    --group) group="$2" ;;
    --config) config="$2" ;;
    *) echo "roll-out: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
for pair in "function:$fn" "alias:$alias" "version:$target" "application:$app" "group:$group"; do
  if [ -z "${pair#*:}" ]; then echo "roll-out: --${pair%%:*} is required" >&2; exit 2; fi
done
# A published version is a number; $LATEST (an apply without publish) cannot be rolled out.
if ! [[ "$target" =~ ^[0-9]+$ ]]; then echo "roll-out: --version must be a published version number, not '$target'" >&2; exit 2; fi

# Waits for one deployment; on failure says what CodeDeploy did (rolled back) and fails.
wait_for() {
  local id="$1"
  echo "roll-out: waiting for deployment $id (canary: 10 % for 5 minutes, then all)"
  if aws deploy wait deployment-successful --deployment-id "$id"; then
    echo "roll-out: deployment $id succeeded"
    return 0
  fi
  local status
  status="$(aws deploy get-deployment --deployment-id "$id" --query deploymentInfo.status --output text || echo unknown)"
  echo "::error::deployment $id ended $status: CodeDeploy moved the alias back to the version it served (an alarm fired, or the deployment failed or was stopped). See the CodeDeploy console and the API alarms."
  return 1
}

in_flight="$(aws deploy list-deployments --application-name "$app" --deployment-group-name "$group" \
  --include-only-statuses Created Queued InProgress Baking Ready --query deployments --output text)"
for id in $in_flight; do
  [ "$id" = "None" ] && continue
  echo "roll-out: deployment $id is already in flight; waiting for it before anything else"
  wait_for "$id"
done

current="$(aws lambda get-alias --function-name "$fn" --name "$alias" --query FunctionVersion --output text)"
if [ "$current" = "$target" ]; then
  echo "roll-out: $fn:$alias already serves version $target; nothing to roll out"
  exit 0
fi

echo "roll-out: $fn:$alias serves version $current; shifting it to version $target"
appspec="version: 0.0
Resources:
  - api:
      Type: AWS::Lambda::Function
      Properties:
        Name: \"$fn\"
        Alias: \"$alias\"
        CurrentVersion: \"$current\"
        TargetVersion: \"$target\""
# The AppSpec inline (no S3 revision); the CLI takes the revision as JSON, so its newlines are escaped.
content="${appspec//$'\n'/\\n}"
revision="{\"revisionType\":\"AppSpecContent\",\"appSpecContent\":{\"content\":\"${content//\"/\\\"}\"}}"
override=()
[ -n "$config" ] && override=(--deployment-config-name "$config")
id="$(aws deploy create-deployment --application-name "$app" --deployment-group-name "$group" "${override[@]}" \
  --revision "$revision" --description "$fn:$alias $current -> $target" --query deploymentId --output text)"
wait_for "$id"
