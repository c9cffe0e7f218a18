-- CreateTable
CREATE TABLE "flow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "created" DATETIME NOT NULL,
    "updated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "deployment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "flow_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tags" JSONB NOT NULL,
    "parameters" JSONB NOT NULL,
    "work_queue_name" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "created" DATETIME NOT NULL,
    "updated" DATETIME NOT NULL,
    CONSTRAINT "deployment_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "deployment_schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deployment_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "schedule" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "max_scheduled_runs" INTEGER,
    "parameters" JSONB NOT NULL,
    "slug" TEXT,
    "created" DATETIME NOT NULL,
    "updated" DATETIME NOT NULL,
    CONSTRAINT "deployment_schedule_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "flow_run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "flow_id" TEXT NOT NULL,
    "deployment_id" TEXT,
    "deployment_schedule_id" TEXT,
    "work_queue_name" TEXT,
    "parameters" JSONB NOT NULL,
    "tags" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "auto_scheduled" BOOLEAN NOT NULL DEFAULT false,
    "state_type" TEXT NOT NULL,
    "state_name" TEXT NOT NULL,
    "expected_start_time" DATETIME NOT NULL,
    "next_scheduled_start_time" DATETIME,
    "created" DATETIME NOT NULL,
    "updated" DATETIME NOT NULL,
    CONSTRAINT "flow_run_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "flow_run_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployment" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "flow_run_deployment_schedule_id_fkey" FOREIGN KEY ("deployment_schedule_id") REFERENCES "deployment_schedule" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "flow_run_state" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "flow_run_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timestamp" DATETIME NOT NULL,
    "message" TEXT,
    "scheduled_time" DATETIME,
    CONSTRAINT "flow_run_state_flow_run_id_fkey" FOREIGN KEY ("flow_run_id") REFERENCES "flow_run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "flow_name_key" ON "flow"("name");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_flow_id_name_key" ON "deployment"("flow_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_schedule_deployment_id_key_key" ON "deployment_schedule"("deployment_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_schedule_deployment_id_slug_key" ON "deployment_schedule"("deployment_id", "slug");

-- CreateIndex
CREATE INDEX "flow_run_schedule_state_time_idx" ON "flow_run"("deployment_schedule_id", "state_type", "auto_scheduled", "expected_start_time");

-- CreateIndex
CREATE INDEX "flow_run_deployment_time_idx" ON "flow_run"("deployment_id", "expected_start_time");

-- CreateIndex
CREATE INDEX "flow_run_time_idx" ON "flow_run"("expected_start_time");

-- CreateIndex
CREATE UNIQUE INDEX "flow_run_flow_id_idempotency_key_key" ON "flow_run"("flow_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "flow_run_state_flow_run_id_idx" ON "flow_run_state"("flow_run_id");
