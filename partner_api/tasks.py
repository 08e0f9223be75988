"""Background tasks of the partner API: turn committed changes into webhook messages, send one message."""

from django_tasks import task


@task()
def collect_webhook_messages() -> int:
    from partner_api.webhooks import collect

    return len(collect())


@task()
def send_webhook_message(delivery_id: int) -> str | None:
    from partner_api.webhooks import send

    return send(delivery_id)
