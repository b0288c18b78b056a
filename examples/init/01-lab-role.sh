#!/bin/sh
# A classroom's init hook: creates the IAM role its notebooks pass to Lambda (AWS Academy's labs
# call it LabRole) before students connect. Eddy runs it once it listens, with AWS_ENDPOINT_URL,
# a region and dummy credentials set:
#   eddy --init-dir examples/init        or        EDDY_INIT_DIR=examples/init make run
# It is idempotent, so a server keeping its state (--data-dir) runs it again harmlessly.
set -eu
# --endpoint-url explicitly: AWS CLI releases before 2.13 (Debian 12 ships 2.9) ignore
# AWS_ENDPOINT_URL. No pager: nobody reads this output at a terminal.
export AWS_PAGER=""
aws_eddy() { aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }

if aws_eddy iam get-role --role-name LabRole >/dev/null 2>&1; then
  echo "LabRole already exists"
  exit 0
fi
aws_eddy iam create-role --role-name LabRole \
  --description "The role classroom notebooks give their Lambda functions" \
  --assume-role-policy-document '{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                   "Action": "sts:AssumeRole"}]}' \
  --query Role.Arn --output text
aws_eddy iam put-role-policy --role-name LabRole --policy-name LabAccess \
  --policy-document '{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
echo "LabRole created with the LabAccess policy"
