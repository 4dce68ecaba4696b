"""The task that sends one delivery (enqueued by `services.outbox` after the publication's commit)."""

from django.tasks import task


@task()
def deliver_task(delivery_id: int) -> str:
    from magistrat.comms.services.delivery import deliver

    delivery = deliver(delivery_id)
    return delivery.state if delivery else "skipped"
