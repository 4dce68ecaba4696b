from magistrat.comms.models.news import Category, District, NewsImage, NewsItem, NewsSearchTerm
from magistrat.comms.models.outbox import CrisisTemplate, Delivery

__all__ = ["Category", "CrisisTemplate", "Delivery", "District", "NewsImage", "NewsItem", "NewsSearchTerm"]
